package bot

func (b *Bot) matchingCommands() map[string]subcommand  { return nil }
func (b *Bot) matchingActions() map[string]actionHandler { return nil }
func (b *Bot) matchingViews() map[string]viewHandler     { return nil }
