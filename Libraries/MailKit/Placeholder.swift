// Placeholder: replaced by the MailKit implementation.
