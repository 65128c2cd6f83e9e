package browser

// PID is chromium's browser process id (0 if unknown): the root of its
// processes (zygotes, renderers, utilities), which the crawl's memory
// budget measures.
func (b *Browser) PID() int { return b.pid }
