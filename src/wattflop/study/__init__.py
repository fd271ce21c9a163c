"""Studies that join the sites: compare, break-even, learning curves, grid headroom."""
