"""The catalogue bundled with tearlist (installed as the package tearlist.data)."""
