package store

import "context"

// SQLForTest names statements that read or change one person's
// notifications, with example arguments, for
// TestNotificationQueriesUseIndexes.
func SQLForTest() map[string][2]any {
	user := recipientArgs("U1")
	return map[string][2]any{
		"export":                   {exportNotesSQL, user},
		"forget pending":           {forgetPendingSQL, user},
		"forget copies":            {forgetCopiesSQL, user},
		"forget pair pending":      {forgetPairPendingSQL, []any{"U1", "U1"}},
		"forget pair copies":       {forgetPairCopiesSQL, []any{"U1", "U1"}},
		"forget fit-admin pending": {forgetFitAdminPendingSQL, []any{int64(7)}},
		"forget fit-admin copies":  {forgetFitAdminCopiesSQL, []any{int64(7)}},
		"forget proposal pending":  {forgetProposalPendingSQL, []any{"U1"}},
		"forget proposal copies":   {forgetProposalCopiesSQL, []any{"U1"}},
		"forget request pending":   {forgetRequestPendingSQL, []any{"U1"}},
		"forget request copies":    {forgetRequestCopiesSQL, []any{"U1"}},
		"stop nudges":              {stopNudgesSQL(2), append(user, "followup", "quiet_pair")},
		"a person's pairs to plan": {pairIDsOfSQL(2), []any{"U1", "U1", "reminder", "agenda_prompt"}},
	}
}

// ForeignKeysOnForTest reports whether the write connection enforces
// foreign keys.
func (db *DB) ForeignKeysOnForTest(ctx context.Context) (bool, error) {
	var on bool
	err := db.write.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&on)
	return on, err
}
