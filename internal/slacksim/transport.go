package slacksim

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
)

// Transport returns an http.RoundTripper that hands the requests for the
// simulator's own URLs (the Web API, response URLs, uploads) straight to
// its handler, in process, and every other request to next (nil:
// http.DefaultTransport). The bot's client works as over the network: the
// same requests, the same answers, the same checks and records; only the
// socket and the HTTP wire format are left out, which over loopback were
// a quarter of a simulated year's CPU time (net/http's connection
// goroutines and syscalls on both sides). The Socket Mode websocket needs
// a connection of its own and goes to next.
//
// Like net/http's transport, RoundTrip gives up on a request whose context
// ends before its answer (an outage holding answers, say): the handler
// then finishes unseen.
func (s *Server) Transport(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return inProcess{s: s, host: strings.TrimPrefix(s.base, "http://"), next: next}
}

type inProcess struct {
	s    *Server
	host string
	next http.RoundTripper
}

func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != t.host || req.URL.Path == "/socket" {
		return t.next.RoundTrip(req)
	}
	in := req.Clone(req.Context())
	in.RequestURI = req.URL.RequestURI()
	in.RemoteAddr = "127.0.0.1:1"
	if in.Body == nil {
		in.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer in.Body.Close() // a RoundTripper closes the request's body
		t.s.mux.ServeHTTP(rec, in)
	}()
	select {
	case <-done:
	case <-req.Context().Done():
		return nil, fmt.Errorf("slacksim: %s %s: %w", req.Method, req.URL.Path, req.Context().Err())
	}
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}
