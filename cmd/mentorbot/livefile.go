package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/mentorbot/mentorbot/store"
)

// The database `mentorbot run` serves Slack from is marked as live, so
// that the playground, which delivers what falls due to its simulator and
// marks it sent, refuses it under any name: another path, a symbolic or a
// hard link, the host's path of a container's volume. A copy (a backup)
// is another file, and is taken.

// liveMark is what names the database file at path: its identity on disk
// (where the system has one) and its absolute path.
func liveMark(path string) string {
	id := ""
	if fi, err := os.Stat(path); err == nil {
		id = fileID(fi)
	}
	return id + "|" + absFile(path)
}

// isLiveMark reports whether mark, as liveMark made it for the live
// database, names the file at path.
func isLiveMark(mark, path string) bool {
	id, abs, ok := strings.Cut(mark, "|")
	if !ok {
		return false
	}
	if abs == absFile(path) {
		return true
	}
	fi, err := os.Stat(path)
	return err == nil && id != "" && id == fileID(fi)
}

// refuseLive refuses the database at path when `mentorbot run` serves
// Slack from it. It reads without migrating: a newer binary must not
// change the schema under a running bot before refusing. Opening makes
// the files private, which it logs to logger.
func refuseLive(ctx context.Context, path string, logger *slog.Logger) error {
	db, err := store.Open(ctx, path, store.Options{NoMigrate: true, Logger: logger})
	if err != nil {
		return err
	}
	defer db.Close()
	mark, err := db.LiveFile(ctx)
	if err != nil {
		return err
	}
	if mark != "" && isLiveMark(mark, path) {
		return fmt.Errorf("%s is the database `mentorbot run` serves Slack from, which the playground must not touch: "+
			"it would deliver what falls due to its simulator and mark it sent. Try it on a copy (mentorbot backup /tmp/copy.db, "+
			"then MENTORBOT_DB=/tmp/copy.db mentorbot playground) or on a new file", path)
	}
	return nil
}
