"""What-if work on top of solving: a sweep of targets, and the comparison of two runs."""
