package bot

func (nt *Notifier) renderers() map[string]renderer     { return nil }
func (b *Bot) notifyActions() map[string]actionHandler { return nil }
func (b *Bot) notifyViews() map[string]viewHandler     { return nil }
