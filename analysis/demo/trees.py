"""Methodology trees of the demo workspace (illustrative, loosely modelled on the published
structure of PAR INDEX, SIPAS and a province's internal indices; the maxima are not the
ministry's).

A tree is a tuple of `Node`s in code order. Parents carry the sum of their children's maxima so
the file is self-checking; `check_tree` proves it. The two PAR INDEX periods differ the way real
methodologies do (a criterion dropped, two renumbered, one added, maxima moved between fields), so
the dashboard's method-break notes have something to show.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Node:
    code: str
    name: str
    max_score: Decimal | None = None  # None: a percentage index
    name_en: str | None = None

    @property
    def parent(self) -> str:
        return self.code.rpartition(".")[0]

    @property
    def depth(self) -> int:
        return self.code.count(".") + 1


@dataclass(frozen=True)
class Tree:
    index_code: str
    valid_from: int
    valid_to: int | None
    nodes: tuple[Node, ...]
    aggregate: str = "sum"  # how parents follow from children (the criteria file's `aggregate`)

    def leaves(self) -> tuple[Node, ...]:
        parents = {n.parent for n in self.nodes}
        return tuple(n for n in self.nodes if n.code not in parents)

    def children(self, code: str) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.parent == code)

    def fields(self) -> tuple[Node, ...]:
        return self.children("")

    def covers(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)


def _tree(index_code: str, valid_from: int, valid_to: int | None, rows: list[tuple],
          aggregate: str = "sum") -> Tree:
    nodes = []
    for row in rows:
        code, name, *rest = row
        max_score = Decimal(str(rest[0])) if rest and rest[0] is not None else None
        name_en = rest[1] if len(rest) > 1 else None
        nodes.append(Node(code, name, max_score, name_en))
    return Tree(index_code, valid_from, valid_to, tuple(nodes), aggregate)


def check_tree(tree: Tree) -> list[str]:
    """Problems with a tree's maxima (a parent that is not the sum of its children); [] if sound."""
    problems = []
    for node in tree.nodes:
        kids = tree.children(node.code)
        if kids and node.max_score is not None:
            total = sum(k.max_score for k in kids)
            if total != node.max_score:
                problems.append(f"{tree.index_code} {tree.valid_from} {node.code}: "
                                f"children sum to {total}, max is {node.max_score}")
    return problems


def total_max(tree: Tree) -> Decimal:
    return sum(f.max_score for f in tree.fields())


# Field names as the ministry words them (QĐ 876/QĐ-BNV); English for the bilingual UI.
_F = {
    "1": ("Công tác chỉ đạo, điều hành CCHC", "Direction and management of PAR"),
    "2": ("Cải cách thể chế", "Institutional reform"),
    "3": ("Cải cách TTHC", "Administrative procedure reform"),
    "4": ("Cải cách tổ chức bộ máy", "Reform of the administrative apparatus"),
    "5": ("Cải cách chế độ công vụ", "Civil service reform"),
    "6": ("Cải cách tài chính công", "Public finance reform"),
    "7": ("Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
          "E-government and digital government"),
    "8": ("Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH",
          "Impact of PAR on people, organisations and socio-economic development"),
}


def _field(code: str, max_score: float) -> tuple:
    return (code, _F[code][0], max_score, _F[code][1])


# Criteria shared by both periods (same code, same name); the period-specific ones follow.
_PAR_COMMON_1 = [
    ("1.2", "Báo cáo CCHC", 1),
    ("1.3", "Kiểm tra công tác CCHC", 1.5),
    ("1.3.1", "Tỷ lệ cơ quan, đơn vị được kiểm tra trong năm", 1),
    ("1.3.2", "Xử lý các vấn đề phát hiện qua kiểm tra", 0.5),
    ("1.4", "Thông tin, tuyên truyền về CCHC", 1.5),
]
_PAR_COMMON_2 = [
    _field("2", 6.5),
    ("2.1", "Xây dựng và ban hành văn bản QPPL của tỉnh", 2),
    ("2.1.1", "Thực hiện kế hoạch ban hành văn bản QPPL", 1),
    ("2.1.2", "Chất lượng văn bản QPPL ban hành", 1),
    ("2.2", "Rà soát, hệ thống hóa văn bản QPPL", 1.5),
    ("2.3", "Kiểm tra, xử lý văn bản QPPL", 1.5),
    ("2.4", "Tổ chức thi hành pháp luật", 1.5),
]
_PAR_31_32 = [
    ("3.1", "Công bố, công khai TTHC", 2),
    ("3.1.1", "Công bố danh mục TTHC kịp thời", 1),
    ("3.1.2", "Công khai TTHC trên Cổng Dịch vụ công", 1),
    ("3.2", "Rà soát, đơn giản hóa TTHC", 1.5),
]
_ONE_STOP = "Thực hiện cơ chế một cửa, một cửa liên thông"
_ONE_STOP_SUBS = [
    ("Tỷ lệ hồ sơ giải quyết đúng hạn", 2),
    ("Số hóa hồ sơ, kết quả giải quyết TTHC", 1),
    ("Xin lỗi người dân, tổ chức khi giải quyết hồ sơ quá hạn", 1),
]
_FEEDBACK = "Tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính"
_PAR_COMMON_4 = [
    _field("4", 7),
    ("4.1", "Sắp xếp tổ chức bộ máy hành chính", 2.5),
    ("4.1.1", "Thực hiện quy định về cơ cấu tổ chức", 1.5),
    ("4.1.2", "Sắp xếp đơn vị sự nghiệp công lập", 1),
    ("4.2", "Quản lý biên chế", 2.5),
    ("4.2.1", "Thực hiện biên chế được giao", 1.5),
    ("4.2.2", "Tinh giản biên chế", 1),
    ("4.3", "Phân cấp, ủy quyền quản lý nhà nước", 2),
]
_PAR_COMMON_6 = [
    _field("6", 8.5),
    ("6.1", "Quản lý, sử dụng ngân sách nhà nước", 3),
    ("6.1.1", "Tỷ lệ giải ngân vốn đầu tư công", 2),
    ("6.1.2", "Thực hiện kiến nghị của kiểm toán, thanh tra", 1),
    ("6.2", "Cơ chế tự chủ của đơn vị sự nghiệp công lập", 3),
    ("6.3", "Quản lý, sử dụng tài sản công", 2.5),
]
_PAR_COMMON_7 = [
    ("7.1", "Hạ tầng và nền tảng số", 2.5),
    ("7.2", "Cung cấp dịch vụ công trực tuyến", 4),
    ("7.2.1", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình", 2),
    ("7.2.2", "Tỷ lệ hồ sơ nộp trực tuyến", 2),
    ("7.3", "Hệ thống thông tin báo cáo và xử lý văn bản điện tử", 2),
]
_PAR_COMMON_8 = [
    _field("8", 38),
    ("8.1", "Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính (SIPAS)", 10),
    ("8.2", "Mức độ hài lòng về cung cấp dịch vụ y tế, giáo dục công", 4),
    ("8.3", "Tác động đến tổ chức bộ máy, đội ngũ công chức (khảo sát)", 6),
    ("8.4", "Tác động đến phát triển kinh tế - xã hội", 8),
    ("8.4.1", "Thu hút đầu tư (khảo sát doanh nghiệp)", 2),
    ("8.4.2", "Thực hiện các chỉ tiêu phát triển kinh tế - xã hội", 3),
    ("8.4.3", "Thu ngân sách nhà nước trên địa bàn", 3),
    ("8.5", "Tác động đến chất lượng thể chế và giải quyết TTHC (khảo sát lãnh đạo, công chức)", 10),
    ("8.5.1", "Chất lượng văn bản QPPL của tỉnh", 5),
    ("8.5.2", "Tình hình giải quyết TTHC", 5),
]


def _one_stop(code: str) -> list[tuple]:
    rows = [(code, _ONE_STOP, 4)]
    rows += [(f"{code}.{i}", name, m) for i, (name, m) in enumerate(_ONE_STOP_SUBS, start=1)]
    return rows


PAR_INDEX_2021 = _tree("PAR_INDEX", 2021, 2021, [
    _field("1", 9),
    ("1.1", "Kế hoạch CCHC năm", 2.5),
    ("1.1.1", "Ban hành kế hoạch CCHC năm kịp thời", 1),
    ("1.1.2", "Mức độ hoàn thành kế hoạch CCHC", 1.5),
    *_PAR_COMMON_1,
    ("1.5", "Sáng kiến, giải pháp mới trong CCHC", 1),
    ("1.6", "Gắn kết CCHC với thi đua, khen thưởng và trách nhiệm người đứng đầu", 1.5),
    *_PAR_COMMON_2,
    _field("3", 11.5),
    *_PAR_31_32,
    ("3.3", "Kiểm soát quy định TTHC mới ban hành", 1),  # dropped from 2022
    *_one_stop("3.4"),                                   # 3.3 from 2022
    ("3.5", _FEEDBACK, 3),                               # 3.4 from 2022
    *_PAR_COMMON_4,
    _field("5", 11),
    ("5.1", "Vị trí việc làm", 2),
    ("5.2", "Tuyển dụng, sử dụng và quản lý công chức", 3),
    ("5.2.1", "Tuyển dụng công chức, viên chức", 1.5),
    ("5.2.2", "Bổ nhiệm lãnh đạo theo quy định", 1.5),
    ("5.3", "Đánh giá, xếp loại công chức", 2),
    ("5.4", "Đào tạo, bồi dưỡng cán bộ, công chức, viên chức", 2.5),
    ("5.5", "Kỷ luật, kỷ cương hành chính", 1.5),
    *_PAR_COMMON_6,
    _field("7", 8.5),
    *_PAR_COMMON_7,
    *_PAR_COMMON_8,
])

PAR_INDEX_2022 = _tree("PAR_INDEX", 2022, None, [
    _field("1", 9),
    ("1.1", "Kế hoạch CCHC năm", 2),
    ("1.1.1", "Ban hành kế hoạch CCHC năm kịp thời", 0.5),
    ("1.1.2", "Mức độ hoàn thành kế hoạch CCHC", 1.5),
    *_PAR_COMMON_1,
    ("1.5", "Sáng kiến, giải pháp mới trong CCHC", 1.5),
    ("1.6", "Gắn kết CCHC với thi đua, khen thưởng và trách nhiệm người đứng đầu", 1.5),
    *_PAR_COMMON_2,
    _field("3", 10.5),
    *_PAR_31_32,
    *_one_stop("3.3"),
    ("3.4", _FEEDBACK, 3),
    *_PAR_COMMON_4,
    _field("5", 10),
    ("5.1", "Vị trí việc làm", 2),
    ("5.2", "Tuyển dụng, sử dụng và quản lý công chức", 3),
    ("5.2.1", "Tuyển dụng công chức, viên chức", 1.5),
    ("5.2.2", "Bổ nhiệm lãnh đạo theo quy định", 1.5),
    ("5.3", "Đánh giá, xếp loại công chức", 2),
    ("5.4", "Đào tạo, bồi dưỡng cán bộ, công chức, viên chức", 1.5),
    ("5.5", "Kỷ luật, kỷ cương hành chính", 1.5),
    *_PAR_COMMON_6,
    _field("7", 10.5),
    *_PAR_COMMON_7,
    ("7.4", "Chuyển đổi số và phát triển dữ liệu số", 2),  # new in 2022
    *_PAR_COMMON_8,
])

# SIPAS: a percentage index (no maxima); elements are the mean of their criteria.
SIPAS = _tree("SIPAS", 2021, None, [
    ("1", "Tiếp cận dịch vụ hành chính công", None, "Access to public administrative services"),
    ("1.1", "Thuận tiện về địa điểm nơi tiếp nhận hồ sơ và trả kết quả"),
    ("1.2", "Nơi ngồi chờ có đủ chỗ ngồi"),
    ("1.3", "Trang thiết bị phục vụ người dân, tổ chức đầy đủ"),
    ("1.4", "Trang thiết bị hiện đại, dễ sử dụng"),
    ("2", "Thủ tục hành chính", None, "Administrative procedures"),
    ("2.1", "TTHC được niêm yết công khai đầy đủ"),
    ("2.2", "TTHC được niêm yết công khai chính xác"),
    ("2.3", "Thành phần hồ sơ phải nộp đúng quy định"),
    ("2.4", "Phí, lệ phí phải nộp đúng quy định"),
    ("2.5", "Thời hạn giải quyết đúng quy định"),
    ("3", "Công chức giải quyết công việc", None, "Civil servants handling the case"),
    ("3.1", "Công chức có thái độ giao tiếp lịch sự"),
    ("3.2", "Công chức chú ý lắng nghe ý kiến của người dân, tổ chức"),
    ("3.3", "Công chức trả lời, giải thích đầy đủ các ý kiến"),
    ("3.4", "Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo"),
    ("3.5", "Công chức hướng dẫn kê khai hồ sơ dễ hiểu"),
    ("3.6", "Công chức tuân thủ đúng quy định trong giải quyết công việc"),
    ("4", "Kết quả cung ứng dịch vụ hành chính công", None, "Results of service delivery"),
    ("4.1", "Kết quả đúng quy định"),
    ("4.2", "Kết quả có thông tin đầy đủ"),
    ("4.3", "Kết quả có thông tin chính xác"),
    ("5", "Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị", None,
     "Handling of comments, complaints and petitions"),
    ("5.1", "Cơ quan có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị"),
    ("5.2", "Người dân, tổ chức dễ dàng thực hiện góp ý, phản ánh, kiến nghị"),
    ("5.3", "Cơ quan tiếp nhận, xử lý góp ý, phản ánh, kiến nghị tích cực"),
    ("5.4", "Cơ quan thông báo kết quả xử lý góp ý, phản ánh, kiến nghị kịp thời"),
], aggregate="mean")


def _internal(index_code: str, valid_from: int, valid_to: int | None,
              field_max: dict[str, float], criteria: dict[str, list[tuple[str, float]]]) -> Tree:
    rows: list[tuple] = []
    for code, max_score in field_max.items():
        rows.append(_field(code, max_score))
        for i, (name, m) in enumerate(criteria[code], start=1):
            rows.append((f"{code}.{i}", name, m))
    return _tree(index_code, valid_from, valid_to, rows)


# A province's own indices for its departments (PAR_SO) and districts (PAR_HUYEN): the same eight
# fields, fewer criteria, scored at criterion level by the province's appraisal council.
PAR_SO = _internal("PAR_SO", 2021, None,
                   {"1": 12, "2": 10, "3": 20, "4": 10, "5": 14, "6": 10, "7": 14, "8": 10}, {
    "1": [("Kế hoạch và báo cáo CCHC", 4), ("Kiểm tra, tuyên truyền CCHC", 4),
          ("Sáng kiến trong CCHC", 4)],
    "2": [("Tham mưu ban hành văn bản QPPL", 5), ("Rà soát, kiểm tra văn bản QPPL", 5)],
    "3": [("Công bố, công khai TTHC", 5), ("Giải quyết hồ sơ TTHC đúng hạn", 10),
          ("Tiếp nhận, xử lý phản ánh, kiến nghị", 5)],
    "4": [("Thực hiện cơ cấu tổ chức theo quy định", 5), ("Quản lý, sử dụng biên chế", 5)],
    "5": [("Vị trí việc làm", 4), ("Đánh giá, đào tạo công chức", 5),
          ("Kỷ luật, kỷ cương hành chính", 5)],
    "6": [("Quản lý, sử dụng ngân sách", 5), ("Tự chủ tài chính của đơn vị sự nghiệp", 5)],
    "7": [("Ứng dụng CNTT trong xử lý văn bản", 5), ("Dịch vụ công trực tuyến", 9)],
    "8": [("Mức độ hài lòng của người dân, doanh nghiệp", 10)],
})

PAR_HUYEN = _internal("PAR_HUYEN", 2021, 2024,
                      {"1": 10, "2": 8, "3": 20, "4": 8, "5": 14, "6": 10, "7": 15, "8": 15}, {
    "1": [("Kế hoạch và báo cáo CCHC", 4), ("Kiểm tra, tuyên truyền CCHC", 3),
          ("Sáng kiến trong CCHC", 3)],
    "2": [("Ban hành văn bản theo thẩm quyền", 4), ("Tổ chức thi hành pháp luật", 4)],
    "3": [("Công khai TTHC", 5), ("Bộ phận Một cửa cấp huyện, cấp xã", 10),
          ("Tiếp nhận, xử lý phản ánh, kiến nghị", 5)],
    "4": [("Tổ chức bộ máy cấp huyện", 4), ("Quản lý biên chế", 4)],
    "5": [("Quản lý cán bộ, công chức cấp huyện", 7), ("Cán bộ, công chức cấp xã", 7)],
    "6": [("Quản lý, sử dụng ngân sách", 5), ("Giải ngân vốn đầu tư công", 5)],
    "7": [("Ứng dụng CNTT trong xử lý văn bản", 6), ("Dịch vụ công trực tuyến", 9)],
    "8": [("Mức độ hài lòng của người dân", 10), ("Thực hiện chỉ tiêu kinh tế - xã hội", 5)],
})

PAR_INDEX_TREES = (PAR_INDEX_2021, PAR_INDEX_2022)
ALL_TREES = (PAR_INDEX_2021, PAR_INDEX_2022, SIPAS, PAR_SO, PAR_HUYEN)


def tree_for(index_code: str, year: int) -> Tree:
    for tree in ALL_TREES:
        if tree.index_code == index_code and tree.covers(year):
            return tree
    raise LookupError(f"no demo tree for {index_code} {year}")
