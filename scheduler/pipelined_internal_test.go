package scheduler

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// pipelined applies every chunk once, in order, whatever the number of
// loaders and however long each load takes; an error of a load or of an
// apply stops it with that error, the chunks before it applied and none
// after, and it returns rather than waits on a loader.
func TestPipelined(t *testing.T) {
	chunks := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	load := func(failAt int) func(context.Context, int) (int, error) {
		return func(ctx context.Context, c int) (int, error) {
			time.Sleep(time.Duration((c*7)%3) * time.Millisecond) // loaders finish out of order
			if c == failAt {
				return 0, errors.New("load failed")
			}
			return c * 10, nil
		}
	}
	errApply := errors.New("apply failed")
	for _, loaders := range []int{1, 2, 3, 20} {
		for _, tc := range []struct {
			name                string
			loadFail, applyFail int
			want                []int
			err                 string
		}{
			{"all", -1, -1, []int{0, 10, 20, 30, 40, 50, 60, 70, 80, 90}, ""},
			{"load fails", 5, -1, []int{0, 10, 20, 30, 40}, "load failed"},
			{"apply fails", -1, 3, []int{0, 10, 20}, "apply failed"},
		} {
			var got []int
			done := make(chan error, 1)
			go func() {
				done <- pipelined(context.Background(), chunks, loaders, load(tc.loadFail), func(c, r int) error {
					if c == tc.applyFail {
						return errApply
					}
					got = append(got, r)
					return nil
				})
			}()
			select {
			case err := <-done:
				if (err == nil) != (tc.err == "") || (err != nil && err.Error() != tc.err) {
					t.Errorf("%d loaders, %s: err = %v, want %q", loaders, tc.name, err, tc.err)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("%d loaders, %s: did not return", loaders, tc.name)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("%d loaders, %s: applied %v, want %v", loaders, tc.name, got, tc.want)
			}
		}
	}
}
