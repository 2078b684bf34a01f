-- The dashboard's figures open the cases behind them (issue 19): those
-- first answered in a period are found through this index.
CREATE INDEX cases_answered ON cases (answered_at);
