package bot

func (nt *Notifier) renderers() map[string]renderer { return nil }
