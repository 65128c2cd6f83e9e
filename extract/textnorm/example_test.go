package textnorm_test

import (
	"fmt"

	"github.com/nianbao/nianbao/extract/textnorm"
)

func ExampleNormalize() {
	text, artifacts := textnorm.Normalize("發(fā)布時間:2025-02-18 信息來源:靖州縣政務(wù)服務(wù)中心")
	fmt.Println(text)
	fmt.Println(artifacts)
	// Output:
	// 发布时间:2025-02-18 信息来源:靖州县政务服务中心
	// [pinyin_annotation traditional]
}

func ExampleRepairMojibake() {
	text, artifacts := textnorm.RepairMojibake("·¢²¼Ê±¼ä 鍙戝竷鏃堕棿")
	fmt.Println(text, artifacts)
	// Output:
	// 发布时间 发布时间 [mojibake_repaired]
}

func ExampleFoldLabel() {
	fmt.Println(textnorm.FoldLabel("（三）不予公开 1. 属于国家秘密"))
	// Output:
	// (三)不予公开1.属于国家秘密
}
