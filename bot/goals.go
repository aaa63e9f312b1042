package bot

func (b *Bot) goalCommands() map[string]subcommand  { return nil }
func (b *Bot) goalActions() map[string]actionHandler { return nil }
func (b *Bot) goalViews() map[string]viewHandler     { return nil }
