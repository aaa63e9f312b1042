package slacksim

import (
	"io"
	"net/http"
	"sync"
	"sync/atomic"
)

// InFlight is an http.RoundTripper that counts the requests whose answer
// has not been read and closed yet. A test or the bench that moves a
// virtual clock waits until nothing is in flight before it moves it, so
// that an answer on its way is not overtaken by the next timer.
type InFlight struct {
	Next http.RoundTripper // nil means http.DefaultTransport
	n    atomic.Int64
}

// Count is how many requests are in flight.
func (c *InFlight) Count() int64 { return c.n.Load() }

func (c *InFlight) RoundTrip(r *http.Request) (*http.Response, error) {
	next := c.Next
	if next == nil {
		next = http.DefaultTransport
	}
	c.n.Add(1)
	resp, err := next.RoundTrip(r)
	if err != nil {
		c.n.Add(-1)
		return nil, err
	}
	resp.Body = &inFlightBody{ReadCloser: resp.Body, c: c}
	return resp, nil
}

type inFlightBody struct {
	io.ReadCloser
	c    *InFlight
	once sync.Once
}

func (b *inFlightBody) Close() error {
	b.once.Do(func() { b.c.n.Add(-1) })
	return b.ReadCloser.Close()
}
