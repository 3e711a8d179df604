"""The facts of the problem: units, seats and officials, the administrative tree, distances,
the retirement law, qualification levels and the exact arithmetic of ratio targets."""
