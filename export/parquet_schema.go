package export

import (
	"fmt"
	"reflect"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"
)

// Parquet decimals: DECIMAL(18,4) stored as INT64 ten-thousandths. 18 digits
// is the most an INT64 holds; 4 places covers fees in 万元 to the yuan.
const (
	decimalScale     = 1e4
	decimalPlaces    = 4
	decimalPrecision = 18
)

// parquetNode returns the Parquet type of a column type. Every column is
// optional: null is data (see the codebook).
func parquetNode(typ string) (parquet.Node, error) {
	var n parquet.Node
	switch typ {
	case TypeString:
		n = parquet.String()
	case TypeInt:
		n = parquet.Int(64)
	case TypeDecimal:
		n = parquet.Decimal(decimalPlaces, decimalPrecision, parquet.Int64Type)
	case TypeDate:
		n = parquet.Date()
	case TypeTimestamp:
		n = parquet.Timestamp(parquet.Millisecond)
	case TypeBool:
		n = parquet.Leaf(parquet.BooleanType)
	default:
		return nil, fmt.Errorf("parquet: column type %q unknown", typ)
	}
	return parquet.Optional(n), nil
}

// parquetSchema builds the schema of a per-report Parquet export: metadata
// columns, indicators, then the canonical fields, in codebook order.
func parquetSchema(cols []Column) (*parquet.Schema, error) {
	return parquetSchemaWith(metaColumns, cols)
}

func parquetSchemaWith(meta []metaColumn, cols []Column) (*parquet.Schema, error) {
	all := append(leadColumnsWith(meta), cols...)
	g := orderedGroup{fields: make([]parquet.Field, 0, len(all))}
	seen := map[string]bool{}
	for _, c := range all {
		if seen[c.Key] {
			return nil, fmt.Errorf("parquet: column %q twice", c.Key)
		}
		seen[c.Key] = true
		n, err := parquetNode(c.Type)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", c.Key, err)
		}
		g.fields = append(g.fields, namedField{Node: n, name: c.Key})
	}
	return parquet.NewSchema("nianbao_report", g), nil
}

// orderedGroup is a Parquet group whose columns keep the order they were
// given in. parquet.Group is a map and sorts its columns by name, which
// would scatter the codebook's sections.
type orderedGroup struct{ fields []parquet.Field }

func (g orderedGroup) ID() int                     { return 0 }
func (g orderedGroup) String() string              { return fmt.Sprintf("group(%d fields)", len(g.fields)) }
func (g orderedGroup) Type() parquet.Type          { return parquet.Group{}.Type() }
func (g orderedGroup) Optional() bool              { return false }
func (g orderedGroup) Repeated() bool              { return false }
func (g orderedGroup) Required() bool              { return true }
func (g orderedGroup) Leaf() bool                  { return false }
func (g orderedGroup) Fields() []parquet.Field     { return g.fields }
func (g orderedGroup) Encoding() encoding.Encoding { return nil }
func (g orderedGroup) Compression() compress.Codec { return nil }
func (g orderedGroup) GoType() reflect.Type        { return g.group().GoType() }
func (g orderedGroup) group() parquet.Group {
	m := parquet.Group{}
	for _, f := range g.fields {
		m[f.Name()] = f
	}
	return m
}

// namedField names a node inside an orderedGroup.
type namedField struct {
	parquet.Node
	name string
}

func (f namedField) Name() string { return f.name }

// Value returns the named field of a struct or map value; the export writes
// rows directly and never goes through it.
func (f namedField) Value(base reflect.Value) reflect.Value {
	switch base.Kind() {
	case reflect.Map:
		return base.MapIndex(reflect.ValueOf(f.name))
	case reflect.Struct:
		return base.FieldByName(f.name)
	}
	return reflect.Value{}
}
