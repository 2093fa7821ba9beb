"""Mail read in (issue 17): every source (a file, an upload, an IMAP mailbox) hands raw
bytes to :func:`sellerdesk.services.mail.ingest.ingest_raw`, which files each message on
its case, leaves it Unfiled for a person, or records it as ignored."""
