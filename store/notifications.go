package store

import (
	"context"
	"fmt"
)

// cancelPairNotificationsTx cancels what is still pending for a pair; kind
// "" means every kind.
func cancelPairNotificationsTx(ctx context.Context, tx *Tx, pairID int64, kind string) error {
	_, err := tx.ExecContext(ctx, `UPDATE notifications SET status = 'cancelled'
		WHERE pair_id = ? AND status = 'pending' AND (? = '' OR kind = ?)`, pairID, kind, kind)
	if err != nil {
		return fmt.Errorf("cancel notifications of pair %d: %w", pairID, err)
	}
	return nil
}
