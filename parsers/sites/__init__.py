"""One module per publisher. Every module here is imported by the registry; each decorates its
parser class with @register."""
