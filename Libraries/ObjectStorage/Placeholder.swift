// Placeholder: replaced by the ObjectStorage implementation.
