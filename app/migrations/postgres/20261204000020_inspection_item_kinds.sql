-- Which kinds of source an inspection item applies to
-- (domain::inspection::item_kinds: domain::source::SourceKind codes
-- separated by spaces; empty for every kind). A registration names an item
-- that applies to its source: the fumes check for a restaurant, not for a
-- building site. Social-life noise (GB 22337) covers shops, venues and
-- restaurants, and the compounds and squares registered as "other".
ALTER TABLE inspection_items ADD COLUMN kinds TEXT NOT NULL DEFAULT '';
UPDATE inspection_items SET kinds = 'restaurant' WHERE name_zh = '餐饮油烟排放检查';
UPDATE inspection_items SET kinds = 'restaurant venue other' WHERE name_zh = '社会生活噪声排放检查';
UPDATE inspection_items SET kinds = 'factory' WHERE name_zh = '工业企业厂界噪声检查';
UPDATE inspection_items SET kinds = 'construction' WHERE name_zh = '建筑施工噪声检查';
