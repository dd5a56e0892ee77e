"""tearlist: a command-line catalogue of Korean films and dramas known for making people cry."""
