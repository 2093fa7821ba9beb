"""Pure rules about cases: identifiers, the status machine, clocks, duplicate matching."""
