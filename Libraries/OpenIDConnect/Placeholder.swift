// Placeholder: replaced by the OpenIDConnect implementation.
