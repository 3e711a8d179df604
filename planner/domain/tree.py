"""The administrative tree: which unit lies inside which, and each unit's ancestor at a level.

Groups, localities and kinship all ask "which unit at level L contains this one?", hundreds of
thousands of times in a national run. The answer for a level is therefore computed for every
unit in one top-down pass the first time the level is asked for, and is a dict lookup after.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import networkx as nx

from planner.domain.records import Unit


class AdminTree:
    """A forest of units (several roots are allowed); the parent links must be acyclic."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self._units = {u.unit_id: u for u in units}
        self.graph: nx.DiGraph = nx.DiGraph()
        self.graph.add_nodes_from(self._units)
        self.graph.add_edges_from(
            (u.parent_id, u.unit_id) for u in units if u.parent_id is not None
        )
        if not nx.is_directed_acyclic_graph(self.graph):
            raise ValueError("the unit tree has a cycle; read it with planner.inputs.tables first")
        self._order = self._preorder()
        self._depth: dict[str, int] = {}
        for unit_id in self._order:
            parent = self._units[unit_id].parent_id
            self._depth[unit_id] = 0 if parent is None else self._depth[parent] + 1
        self._at_level: dict[str, dict[str, str | None]] = {}
        self._descendants: dict[str, frozenset[str]] = {}
        self._merged: dict[str, frozenset[str]] = {}
        self._localities: dict[tuple[str, str], frozenset[str]] = {}
        self._levels = self._level_order()

    def _preorder(self) -> list[str]:
        """Depth-first from the roots, children in file order, so output is stable."""
        row = {u: self._units[u].row for u in self._units}
        roots = sorted(
            (u for u, p in self._units.items() if p.parent_id is None), key=row.__getitem__
        )
        order: list[str] = []
        stack = list(reversed(roots))
        while stack:
            node = stack.pop()
            order.append(node)
            stack.extend(sorted(self.graph.successors(node), key=row.__getitem__, reverse=True))
        return order

    def _level_order(self) -> tuple[str, ...]:
        """Levels from the root downwards: a level above another wherever one contains the other.

        With mixed trees (province > commune beside province > district > commune) depth alone
        is ambiguous; the containment order between levels is not, so it decides, and the
        shallowest appearance breaks ties.
        """
        shallowest: dict[str, tuple[int, int]] = {}
        for position, unit_id in enumerate(self._order):
            level = self._units[unit_id].level
            key = (self._depth[unit_id], position)
            shallowest[level] = min(shallowest.get(level, key), key)
        above = nx.DiGraph()
        above.add_nodes_from(shallowest)
        for parent, child in self.graph.edges:
            a, b = self._units[parent].level, self._units[child].level
            if a != b:
                above.add_edge(a, b)
        try:
            return tuple(nx.lexicographical_topological_sort(above, key=shallowest.__getitem__))
        except nx.NetworkXUnfeasible:
            return tuple(sorted(shallowest, key=shallowest.__getitem__))

    # ----------------------------------------------------------------------------------------

    @property
    def unit_ids(self) -> tuple[str, ...]:
        """Every unit id, depth-first from the roots."""
        return tuple(self._order)

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._units

    def __len__(self) -> int:
        return len(self._units)

    def unit(self, unit_id: str) -> Unit:
        return self._units[unit_id]

    def level_of(self, unit_id: str) -> str:
        return self._units[unit_id].level

    def name_of(self, unit_id: str) -> str:
        return self._units[unit_id].name

    def parent_of(self, unit_id: str) -> str | None:
        return self._units[unit_id].parent_id

    def depth_of(self, unit_id: str) -> int:
        """0 for a root."""
        return self._depth[unit_id]

    def children_of(self, unit_id: str) -> tuple[str, ...]:
        return tuple(self.graph.successors(unit_id))

    def roots(self) -> tuple[str, ...]:
        return tuple(u for u in self._order if self._depth[u] == 0)

    def levels(self) -> tuple[str, ...]:
        return self._levels

    def depth_first(self) -> Iterator[str]:
        """Unit ids, each before its children, roots and siblings in file order."""
        return iter(self._order)

    def units_at(self, level: str) -> tuple[str, ...]:
        return tuple(u for u in self._order if self._units[u].level == level)

    def ancestors(self, unit_id: str) -> Iterator[str]:
        """The unit itself, then its parent, up to the root."""
        node: str | None = unit_id
        while node is not None:
            yield node
            node = self._units[node].parent_id

    def _table(self, level: str) -> dict[str, str | None]:
        table = self._at_level.get(level)
        if table is None:
            table = {}
            for unit_id in self._order:  # parents come before children
                unit = self._units[unit_id]
                if unit.level == level:
                    table[unit_id] = unit_id
                else:
                    table[unit_id] = None if unit.parent_id is None else table[unit.parent_id]
            self._at_level[level] = table
        return table

    def ancestor_at(self, unit_id: str, level: str) -> str | None:
        """The unit itself if it is at ``level``, else its nearest ancestor there, else None.

        Raises KeyError for an unknown unit: ids are checked when the data is read, so an
        unknown one here is a bug, not bad input.
        """
        return self._table(level)[unit_id]

    def ancestor_array(self, unit_ids: Sequence[str], level: str) -> list[str | None]:
        """:meth:`ancestor_at` for many units at once."""
        table = self._table(level)
        return [table[u] for u in unit_ids]

    def is_within(self, unit_id: str, ancestor_id: str) -> bool:
        """True when ``unit_id`` is ``ancestor_id`` or lies below it."""
        if ancestor_id not in self._units:
            raise KeyError(ancestor_id)
        depth = self._depth[ancestor_id]
        node: str | None = unit_id
        while node is not None and self._depth[node] > depth:
            node = self._units[node].parent_id
        return node == ancestor_id

    def merged_into(self, unit_id: str) -> frozenset[str]:
        """The unit and every unit it was merged into (contract, "Locality with former units").

        That is its parent chain and, for each former unit met on the way, every unit of its
        ``also_merged_into`` with their own chains. A home unit lies inside a locality exactly
        when the locality is in this set; for a current unit it is just the parent chain.
        """
        found = self._merged.get(unit_id)
        if found is None:
            seen: set[str] = set()
            todo = [unit_id]
            while todo:
                node = todo.pop()
                if node in seen:
                    continue
                seen.add(node)
                unit = self._units[node]
                if unit.parent_id is not None:
                    todo.append(unit.parent_id)
                if unit.former:
                    todo.extend(u for u in unit.also_merged_into if u in self._units)
            found = frozenset(seen)
            self._merged[unit_id] = found
        return found

    def localities(self, unit_id: str, level: str) -> frozenset[str]:
        """The units at ``level`` that ``unit_id`` lies inside, former-unit mergers included."""
        key = (unit_id, level)
        found = self._localities.get(key)
        if found is None:  # (officials share home units: asked ~50,000 times, ~10,000 answers)
            found = frozenset(u for u in self.merged_into(unit_id) if self._units[u].level == level)
            self._localities[key] = found
        return found

    def is_local(self, home_unit_ids: Iterable[str], seat_unit_id: str, level: str) -> bool:
        """Local when a home unit lies inside the seat's ancestor at ``level`` (its locality).

        A home in a former unit counts wherever it was merged (contract section 2). A seat with
        no unit at that level above it has no locality, so nobody is local to it (the
        cross-check reports such seats before this is ever asked).
        """
        locality = self.ancestor_at(seat_unit_id, level)
        return locality is not None and any(locality in self.merged_into(h) for h in home_unit_ids)

    def below_at(self, unit_id: str, level: str) -> frozenset[str]:
        """The current units at ``level`` lying below ``unit_id`` (itself if at that level)."""
        return frozenset(
            u
            for u in self.descendants(unit_id)
            if self._units[u].level == level and not self._units[u].former
        )

    def descendants(self, unit_id: str) -> frozenset[str]:
        """The unit and every unit below it."""
        found = self._descendants.get(unit_id)
        if found is None:
            if unit_id not in self._units:
                raise KeyError(unit_id)
            found = frozenset(nx.descendants(self.graph, unit_id)) | {unit_id}
            self._descendants[unit_id] = found
        return found
