"""The test suite: one folder per package of the code, mirroring its layout."""
