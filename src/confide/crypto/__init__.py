"""Recipes for confidentiality: keyring, field cipher, blind index. Only `_primitives`
touches the `cryptography` hazmat layer; nothing here handles a nonce at a call site."""
