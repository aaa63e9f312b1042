package slacksim

import "sync"

// feed fans values out to subscribers. Publishing never blocks: each
// subscriber has its own unbounded queue drained by a goroutine, so a slow
// reader (a browser tab of the playground) neither stalls the simulator nor
// loses updates.
type feed[T any] struct {
	mu     sync.Mutex
	subs   map[*subscriber[T]]struct{}
	closed bool
}

type subscriber[T any] struct {
	out   chan T
	wake  chan struct{} // capacity 1: "the queue may be non-empty"
	done  chan struct{}
	once  sync.Once
	mu    sync.Mutex
	queue []T
}

func newFeed[T any]() *feed[T] {
	return &feed[T]{subs: map[*subscriber[T]]struct{}{}}
}

// subscribe returns a channel of every value published from now on, and a
// cancel function that closes it.
func (f *feed[T]) subscribe() (<-chan T, func()) {
	sub := &subscriber[T]{out: make(chan T), wake: make(chan struct{}, 1), done: make(chan struct{})}
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		close(sub.out)
		return sub.out, func() {}
	}
	f.subs[sub] = struct{}{}
	f.mu.Unlock()
	go sub.run()
	cancel := func() {
		f.mu.Lock()
		delete(f.subs, sub)
		f.mu.Unlock()
		sub.stop()
	}
	return sub.out, cancel
}

func (f *feed[T]) publish(v T) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for sub := range f.subs {
		sub.mu.Lock()
		sub.queue = append(sub.queue, v)
		sub.mu.Unlock()
		select {
		case sub.wake <- struct{}{}:
		default:
		}
	}
}

// close ends every subscription.
func (f *feed[T]) close() {
	f.mu.Lock()
	subs := f.subs
	f.subs = map[*subscriber[T]]struct{}{}
	f.closed = true
	f.mu.Unlock()
	for sub := range subs {
		sub.stop()
	}
}

func (sub *subscriber[T]) stop() { sub.once.Do(func() { close(sub.done) }) }

func (sub *subscriber[T]) run() {
	defer close(sub.out)
	for {
		select {
		case <-sub.done:
			return
		case <-sub.wake:
		}
		for {
			sub.mu.Lock()
			if len(sub.queue) == 0 {
				sub.mu.Unlock()
				break
			}
			v := sub.queue[0]
			var zero T
			sub.queue[0] = zero
			sub.queue = sub.queue[1:]
			sub.mu.Unlock()
			select {
			case sub.out <- v:
			case <-sub.done:
				return
			}
		}
	}
}
