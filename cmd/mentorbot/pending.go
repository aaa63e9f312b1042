package main

import (
	"context"
	"errors"
	"io"
)

func cmdPlayground(ctx context.Context, args []string, env func(string) (string, bool), stdout, stderr io.Writer) error {
	return errors.New("playground: not built yet")
}

