package store_test

import (
	"github.com/nianbao/nianbao/crawler"
	"github.com/nianbao/nianbao/store"
)

// The store satisfies the interface the crawler defines for it.
var _ crawler.Archive = (*store.DB)(nil)
