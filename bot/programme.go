package bot

func (b *Bot) programmeCommands() map[string]subcommand  { return nil }
func (b *Bot) programmeActions() map[string]actionHandler { return nil }
func (b *Bot) programmeViews() map[string]viewHandler     { return nil }
