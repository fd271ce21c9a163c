"""The constellation as a distributed supercomputer: shells and formation clusters as arrays,
propagation with sunlit state, the inter-satellite link graph, relative motion in a cluster,
distributed-training step time and collision exposure, up to 10⁶ satellites."""
