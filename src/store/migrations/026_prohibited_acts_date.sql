-- The built-in prohibited-acts document (015) was dated 2000-01-01 (shown as 2000年1月1日): it is
-- in force from the first start, so it takes that date (in Japan) from the first migration's
-- record, and the same instant as its creation time.
UPDATE documents
-- @postgres
SET effective_on = (SELECT to_char(to_timestamp(applied_at / 1000000.0) AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD')
-- @sqlite
SET effective_on = (SELECT date(applied_at / 1000000 + 9 * 3600, 'unixepoch')
-- @end
                    FROM schema_migrations WHERE version = (SELECT MIN(version) FROM schema_migrations)),
    created_at = (SELECT applied_at FROM schema_migrations
                  WHERE version = (SELECT MIN(version) FROM schema_migrations))
WHERE kind = 'prohibited-acts' AND version = 1 AND published_by = 'system' AND effective_on = '2000-01-01';
