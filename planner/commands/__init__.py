"""One module per CLI command; each calls library functions and prints, nothing more."""
