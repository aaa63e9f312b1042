package bot

func (b *Bot) meetingCommands() map[string]subcommand  { return nil }
func (b *Bot) sessionCommands() map[string]subcommand  { return nil }
func (b *Bot) meetingActions() map[string]actionHandler { return nil }
func (b *Bot) meetingViews() map[string]viewHandler     { return nil }
