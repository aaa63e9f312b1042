package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// User is a Slack user as mentorbot knows them: a cached users.info profile
// plus their own settings.
type User struct {
	ID        string
	Name      string
	RealName  string
	TZ        string // IANA zone name; "" when Slack had none
	IsAdmin   bool   // workspace admin or owner according to Slack
	Deleted   bool
	IsBot     bool
	DMChannel string    // "" until conversations.open was called
	FetchedAt time.Time // zero: profile never fetched
	Settings  Settings

	UnansweredNudges int       // nudges in a row with no response
	NudgesStoppedAt  time.Time // zero: nudges flow
	LastActiveAt     time.Time
}

// Settings are a person's own choices; nil pointers mean "the programme
// default".
type Settings struct {
	RemindBefore *string // e.g. "24h,1h"; "" = no meeting reminders
	CheckinsOn   bool
	NudgesOn     bool
	QuietHours   *string // "HH:MM-HH:MM"; "" = none
}

// DefaultSettings are what a new user gets.
func DefaultSettings() Settings { return Settings{CheckinsOn: true, NudgesOn: true} }

// Profile is what users.info told us.
type Profile struct {
	ID, Name, RealName, TZ  string
	IsAdmin, Deleted, IsBot bool
	// AsOf, when set, is when Slack was asked (users.info): the answer is
	// not saved over one stored since, which is newer (a user_change).
	// Zero: it is news now, and always saved.
	AsOf time.Time
}

const userColumns = `user_id, name, real_name, tz, is_admin, deleted, is_bot, dm_channel, fetched_at,
	remind_before, checkins_on, nudges_on, quiet_hours, unanswered_nudges, nudges_stopped_at, last_active_at`

type scanner interface{ Scan(dest ...any) error }

// collect reads every row of rows with scan, and closes rows.
func collect[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// each calls fn on every row of rows, in order, and closes rows however it
// returns: collect for a loop that fills something other than a slice. The
// first error of fn ends the loop and is returned as it is, as is
// rows.Err(); the caller adds the context.
func each(rows *sql.Rows, fn func(scanner) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// scanOne scans a row of one column into a T: for collect.
func scanOne[T any](s scanner) (T, error) {
	var v T
	err := s.Scan(&v)
	return v, err
}

func scanUser(s scanner) (User, error) {
	var (
		u                           User
		fetched, stopped, active    int64
		remind, quiet               sql.NullString
		admin, deleted, bot, ci, nu bool
	)
	err := s.Scan(&u.ID, &u.Name, &u.RealName, &u.TZ, &admin, &deleted, &bot, &u.DMChannel, &fetched,
		&remind, &ci, &nu, &quiet, &u.UnansweredNudges, &stopped, &active)
	if err != nil {
		return User{}, err
	}
	u.IsAdmin, u.Deleted, u.IsBot = admin, deleted, bot
	u.FetchedAt, u.NudgesStoppedAt, u.LastActiveAt = fromUnix(fetched), fromUnix(stopped), fromUnix(active)
	u.Settings = Settings{CheckinsOn: ci, NudgesOn: nu}
	if remind.Valid {
		u.Settings.RemindBefore = &remind.String
	}
	if quiet.Valid {
		u.Settings.QuietHours = &quiet.String
	}
	return u, nil
}

// User returns what is known of a user; ENotFound if nothing is.
func (db *DB) User(ctx context.Context, id string) (User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE user_id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, Errorf(ENotFound, "I don't know <@%s> yet.", id)
	}
	if err != nil {
		return User{}, fmt.Errorf("load user %s: %w", id, err)
	}
	return u, nil
}

// UsersNamed returns up to two people the bot knows whose Slack handle is
// name, in any case: not bots, nor people who left. It is for telling
// someone who typed "@name" as plain text whom they likely meant, which
// only one match can say. It reads every row (no index on name): it runs
// only on that mistake.
func (db *DB) UsersNamed(ctx context.Context, name string) ([]User, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users
		WHERE name = ? COLLATE NOCASE AND name != '' AND deleted = 0 AND is_bot = 0 ORDER BY user_id LIMIT 2`, name)
	if err != nil {
		return nil, fmt.Errorf("users named %q: %w", name, err)
	}
	us, err := collect(rows, scanUser)
	if err != nil {
		return nil, fmt.Errorf("users named %q: %w", name, err)
	}
	return us, nil
}

// Farewell is the DM telling the partner of someone who has left the
// workspace that their pair p ended (see SaveProfile).
type Farewell func(p Pair) (Notification, error)

// SaveProfile stores what Slack said about a user, keeping their settings
// and DM channel, unless what it stored since p.AsOf is newer. When it
// says they have left the workspace, and they had not before, their live
// pairs end, and farewell's DM for each (when farewell is not nil) is
// queued in the same commit, so that no partner goes untold. The ended
// pairs are returned.
func (db *DB) SaveProfile(ctx context.Context, p Profile, farewell Farewell) (ended []Pair, err error) {
	err = db.InTx(ctx, func(tx *Tx) error {
		var was bool
		err := tx.q.QueryRowContext(ctx, `SELECT deleted FROM users WHERE user_id = ?`, p.ID).Scan(&was)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("save profile %s: %w", p.ID, err)
		}
		at := p.AsOf
		if at.IsZero() {
			at = tx.Now
		}
		res, err := tx.q.ExecContext(ctx, `INSERT INTO users (user_id, name, real_name, tz, is_admin, deleted, is_bot, fetched_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, real_name = excluded.real_name,
				tz = excluded.tz, is_admin = excluded.is_admin, deleted = excluded.deleted,
				is_bot = excluded.is_bot, fetched_at = excluded.fetched_at
			WHERE ? OR users.fetched_at < excluded.fetched_at`,
			p.ID, p.Name, p.RealName, p.TZ, p.IsAdmin, p.Deleted, p.IsBot, unix(at), p.AsOf.IsZero())
		if err != nil {
			return fmt.Errorf("save profile %s: %w", p.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // something newer was stored while Slack was asked
		}
		// Nobody can meet someone who has left the workspace: their pairs
		// end, as /mentor end would, with them as the one who ended it.
		if !p.Deleted || was {
			return nil
		}
		if ended, err = endPairsOfTx(ctx, tx, p.ID); err != nil {
			return fmt.Errorf("save profile %s: %w", p.ID, err)
		}
		for _, pair := range ended {
			if farewell == nil {
				continue // nobody to write to them (tests)
			}
			n, err := farewell(pair)
			if err != nil {
				return fmt.Errorf("save profile %s: farewell for pair %d: %w", p.ID, pair.ID, err)
			}
			if _, err := EnqueueTx(ctx, tx, n); err != nil {
				return err
			}
		}
		return nil
	})
	return ended, err
}

// ensureUserTx makes sure a row exists for id, so that pairs and goals can
// refer to people whose profile has not been fetched yet.
func ensureUserTx(ctx context.Context, tx *Tx, id string) error {
	if _, err := tx.q.ExecContext(ctx, `INSERT INTO users (user_id) VALUES (?) ON CONFLICT DO NOTHING`, id); err != nil {
		return fmt.Errorf("ensure user %s: %w", id, err)
	}
	return nil
}

// SetDMChannel remembers the bot's IM channel with a user.
func (db *DB) SetDMChannel(ctx context.Context, id, channel string) error {
	return db.InTx(ctx, func(tx *Tx) error {
		if err := ensureUserTx(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.q.ExecContext(ctx, `UPDATE users SET dm_channel = ? WHERE user_id = ?`, channel, id); err != nil {
			return fmt.Errorf("set dm channel of %s: %w", id, err)
		}
		return nil
	})
}

// SaveSettings replaces a user's own settings. Turning nudges on again also
// lifts a stop that unanswered nudges caused.
func (db *DB) SaveSettings(ctx context.Context, id string, s Settings) error {
	return db.InTx(ctx, func(tx *Tx) error {
		if err := ensureUserTx(ctx, tx, id); err != nil {
			return err
		}
		_, err := tx.q.ExecContext(ctx, `UPDATE users SET remind_before = ?, checkins_on = ?, nudges_on = ?, quiet_hours = ?,
			unanswered_nudges = CASE WHEN ? THEN 0 ELSE unanswered_nudges END,
			nudges_stopped_at = CASE WHEN ? THEN 0 ELSE nudges_stopped_at END
			WHERE user_id = ?`,
			nullString(s.RemindBefore), s.CheckinsOn, s.NudgesOn, nullString(s.QuietHours), s.NudgesOn, s.NudgesOn, id)
		if err != nil {
			return fmt.Errorf("save settings of %s: %w", id, err)
		}
		return nil
	})
}

// Touch records that a user did something (a command, a button, a session),
// which resets their count of unanswered nudges. Only someone with a
// profile: a person whose data was just deleted is not written back by
// the command that deleted it.
func (db *DB) Touch(ctx context.Context, id string) error {
	return db.InTx(ctx, func(tx *Tx) error { return touchTx(ctx, tx, id) })
}

func touchTx(ctx context.Context, tx *Tx, id string) error {
	if _, err := tx.q.ExecContext(ctx, `UPDATE users SET last_active_at = ?, unanswered_nudges = 0, last_nudge_at = 0 WHERE user_id = ? AND fetched_at <> 0`,
		unix(tx.Now), id); err != nil {
		return fmt.Errorf("touch user %s: %w", id, err)
	}
	return nil
}

// clearNudgeRunTx starts the runs of unanswered nudges of ids again,
// without counting them as having done something themselves (Touch).
func clearNudgeRunTx(ctx context.Context, tx *Tx, ids ...string) error {
	for _, id := range ids {
		if _, err := tx.q.ExecContext(ctx, `UPDATE users SET unanswered_nudges = 0, last_nudge_at = 0 WHERE user_id = ?`, id); err != nil {
			return fmt.Errorf("clear the unanswered nudges of %s: %w", id, err)
		}
	}
	return nil
}

func nullString(p *string) sql.NullString {
	if p == nil {
		return sql.NullString{}
	}
	return sql.NullString{String: *p, Valid: true}
}
