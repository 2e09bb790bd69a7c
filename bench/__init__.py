"""Courrier's benchmarks: `make bench` (`python -m bench`) prints figures and ratios.

The HTTP figures come from the production server (granian) on loopback, under
concurrent load, each also given as a ratio to the health endpoint `/sante/`,
which measures what Django and the server cost before any page does work.
Search is also timed in-process, without the network in the way.
"""
