// Placeholder: replaced by the JobQueue implementation.
