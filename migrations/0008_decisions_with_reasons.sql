-- Destructive actions say why, and notices about a request leave the inbox once it is decided.

-- Either side may say why they ended a mentorship; the other side reads it.
ALTER TABLE mentorships ADD COLUMN end_reason text CHECK (length(end_reason) BETWEEN 1 AND 1000);

-- Ending a mentorship is told to the other side in one notice (with the sessions it cancelled).
ALTER TYPE notification_kind ADD VALUE 'mentorship_ended';

-- The request a notice is about, so deciding the request marks its notice read.
ALTER TABLE notifications ADD COLUMN request_id uuid REFERENCES mentorship_requests (id);
CREATE INDEX notifications_unread_by_request_idx ON notifications (request_id)
    WHERE request_id IS NOT NULL AND read_at IS NULL;

-- An admin's reason for a change (deactivation, role change), kept with the audit entry.
ALTER TABLE audit_log ADD COLUMN reason text CHECK (length(reason) BETWEEN 1 AND 1000);
