package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bSites holds the seed context of every site crawled (code → Site), saved
// at crawl time so that records rebuilt later (reparse) carry the same
// region name and province without the seed list. The bucket is created on
// first use: archives written before it simply have none.
var bSites = []byte("sites")

// Site is a seed as it was when it was last crawled.
type Site struct {
	Code     string    `json:"code"`
	Name     string    `json:"name"`
	Province string    `json:"province"`
	URL      string    `json:"url"`
	SavedAt  time.Time `json:"saved_at"`
	First    time.Time `json:"first"` // when a crawl first saved the site (kept across saves)
}

// SaveSites records the seed context of sites (replacing what an earlier
// crawl saved for the same codes) in one transaction.
func (db *DB) SaveSites(sites []Site) error {
	now := time.Now().UTC()
	err := db.write(len(sites)*128, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bSites)
		if err != nil {
			return err
		}
		for _, s := range sites {
			if s.Code == "" {
				return fmt.Errorf("site %q has no code", s.URL)
			}
			s.SavedAt, s.First = now, now
			var old Site
			if v := b.Get([]byte(s.Code)); v != nil && unmarshalValue(v, &old) == nil && !old.First.IsZero() {
				s.First = old.First
			}
			if err := putJSON(b, []byte(s.Code), s); err != nil {
				return err
			}
		}
		return nil
	})
	return wrapf(err, "save %d site(s)", len(sites))
}

// Sites returns the saved seed context by code (empty for an archive that
// has none).
func (db *DB) Sites() (map[string]Site, error) {
	out := map[string]Site{}
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSites)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var s Site
			if err := unmarshalValue(v, &s); err != nil {
				return fmt.Errorf("decode site %q: %w", k, err)
			}
			out[s.Code] = s
			return nil
		})
	})
	return out, wrapf(err, "sites")
}
