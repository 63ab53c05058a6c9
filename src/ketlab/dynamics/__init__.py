"""Dynamics of closed and open quantum systems: Floquet maps, Lindblad master equations,
mean-field equations and their linearisation. One solver per module."""
