"""The engine: the numeric rules of the domain, computed (readiness, expected months, path search).

Pure computation on the domain's values with numpy and igraph: no input or output, no clock, no
settings. Services call it directly; it imports only the domain. Each model is documented once,
in the module that computes it:

* ``readiness``: how ready a person is for a role (one person, or everyone at once);
* ``months``: the expected months of each step between two roles;
* ``paths``: the k best career paths under that model (Yen's algorithm, ``routes``).

This package imports nothing heavy itself: numpy and igraph load with the module that uses them.
"""
