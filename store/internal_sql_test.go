package store

// SQLForTest names the statements that read or change one person's
// notifications through ofRecipient, with example arguments, for
// TestNotificationQueriesUseIndexes.
func SQLForTest() map[string][2]any {
	user := recipientArgs("U1")
	return map[string][2]any{
		"export":         {exportNotesSQL, user},
		"forget pending": {forgetPendingSQL, user},
		"forget copies":  {forgetCopiesSQL, user},
		"stop nudges":    {stopNudgesSQL(2), append(user, "followup", "quiet_pair")},
	}
}
