"""The plan optimiser: choosing and scheduling development actions for the best readiness,
as mixed-integer models handed to the solver port."""
