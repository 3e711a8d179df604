"""What a run writes and prints: the output folder, its tables, the terminal summary, and the
overview of a batch before planning."""
