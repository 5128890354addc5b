"""The launchers of the assistant's processes, shared by the slow tests and the benchmarks:
`rasa_stack` (Rasa and the action server with DEBUG logs, for tests that read them) and `service`
(the processes as `make run` starts them, and a bare `rasa init` assistant)."""
