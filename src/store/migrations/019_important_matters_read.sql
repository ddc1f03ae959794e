-- MARK-4-1-2: the version of the important-matters explanation an applicant read (NULL when none
-- was published when the application arrived).
ALTER TABLE applications ADD COLUMN important_matters_document_id BIGINT REFERENCES documents (id);
