"""The assistant's definition (domain, endpoints, credentials) and its custom Rasa channel."""
