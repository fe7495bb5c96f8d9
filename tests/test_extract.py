import pytest

from skillgap.clean import clean_text
from skillgap.extract import extract_text


@pytest.fixture(scope="module")
def bundled():
    """The bundled taxonomy and its matcher, for tests of the real data."""
    from skillgap.analysis import matcher_for
    from skillgap.taxonomy import bundled_taxonomy

    taxonomy = bundled_taxonomy()
    return taxonomy, matcher_for(taxonomy)


def found(text, taxonomy, matcher, implied=False):
    skills, _ = extract_text(clean_text(text), taxonomy, matcher, include_implied=implied)
    return {s.id for s in skills if s.mentions or implied}


@pytest.mark.parametrize("text, expected", [
    # Korean: particles and heads may follow an alias
    ("자격요건\n파이썬을 활용한 데이터 처리, 쿠버네티스 기반 서비스", {"python", "kubernetes"}),
    ("자격요건\nKubernetes를 이용한 배포 경험, SQL에 능숙하신 분", {"kubernetes", "sql"}),
    # English: ASCII word boundaries, case-insensitive for long aliases
    ("Requirements\nExperience with kubernetes, PYTHON and scikit-learn", {"kubernetes", "python", "scikit-learn"}),
    ("Requirements\nWe use k8s and Docker daily", {"kubernetes", "docker"}),
])
def test_finds_skills_in_both_languages(text, expected, mini_taxonomy, mini_matcher):
    assert found(text, mini_taxonomy, mini_matcher) == expected


@pytest.mark.parametrize("text, absent", [
    ("자격요건\n포토샵, 일러스트 활용 가능자", "rust"),          # 일러스트 ⊃ 러스트
    ("혜택 및 복지\n하이브리드 근무, 냉장고 간식", "apache-hive"),   # 하이브리드 ⊃ 하이브
    ("혜택 및 복지\n냉장고 간식 무제한", "django"),               # 냉장고 ⊃ 장고
    ("자격요건\n타깃 고객 분석 경험", "git"),                     # 타깃 ⊃ 깃
    ("Requirements\nJavaScript experience", "java"),
    ("Requirements\nPython development", "rust"),
    ("Requirements\nlet's go to the office", "go"),            # lower-case go is not the language
    ("Requirements\nGo to market strategy", "go"),             # no technical context
    ("Requirements\nPlan A and Plan C are options", "c"),
    ("Requirements\nSparky and sparkling data", "apache-spark"),
])
def test_collisions_and_ambiguous_words_are_not_skills(text, absent, mini_taxonomy, mini_matcher):
    assert absent not in found(text, mini_taxonomy, mini_matcher)


@pytest.mark.parametrize("text, expected", [
    ("Requirements\nStrong Go, Python and Kubernetes skills", "go"),
    ("자격요건\nGo 언어로 서버 개발 경험", "go"),
    ("Requirements\nStatistical analysis in R or Python", "r"),
    ("Requirements\nC++ and C# experience", "cpp"),
    ("Requirements\nC++ and C# experience", "csharp"),
])
def test_ambiguous_skills_count_with_context(text, expected, mini_taxonomy, mini_matcher):
    assert expected in found(text, mini_taxonomy, mini_matcher)


def test_cpp_does_not_also_count_c(mini_taxonomy, mini_matcher):
    assert found("Requirements\nC++ with Python", mini_taxonomy, mini_matcher) == {"cpp", "python"}


def test_longest_alias_wins_and_tools_named_inside_count(mini_taxonomy, mini_matcher):
    assert found("Requirements\nSpark Streaming jobs", mini_taxonomy, mini_matcher) == {"spark-streaming",
                                                                                     "apache-spark"}
    assert found("Requirements\nJavaScript", mini_taxonomy, mini_matcher) == {"javascript"}


@pytest.mark.parametrize("text, expected", [
    ("Requirements\nWe run many Dockers", {"docker"}),
    ("Requirements\nSQLs and Hadoops", {"sql", "hadoop"}),
    ("Requirements\nGos and Rs", set()),              # short ambiguous names take no plural
])
def test_plural_forms(text, expected, mini_taxonomy, mini_matcher):
    assert found(text, mini_taxonomy, mini_matcher) == expected


def test_phrase_patterns_find_described_skills(bundled):
    taxonomy, matcher = bundled
    cases = {
        "Requirements\n- Collaborate closely with cross-functional teams": "collaboration",
        "자격요건\n- 동료들과 원활하게 협업할 수 있는 분": "collaboration",
        "Requirements\n- Experience deploying ML models to production": "model-deployment",
        "자격요건\n- 학습한 모델을 서비스에 배포해 본 경험": "model-deployment",
        "자격요건\n- 대용량의 로그 데이터를 다뤄 본 경험": "big-data-processing",
        "Requirements\n- Experience working with large datasets": "big-data-processing",
        "자격요건\n- 데이터베이스 모니터링 및 튜닝 능력": "query-optimization",
        "Requirements\n- Experience tuning slow SQL queries": "query-optimization",
    }
    for text, skill in cases.items():
        assert skill in found(text, taxonomy, matcher), text


@pytest.mark.parametrize("text, skill, counted", [
    # concepts and soft skills the train labels quote in words more than by name (issue #14)
    ("Requirements\n- Stay updated on emerging technologies and industry trends", "learning-agility", True),
    ("자격요건\n- 새로운 기술 트렌드에 지속적으로 관심을 가지신 분", "learning-agility", True),
    ("Requirements\n- Able to manage multiple projects simultaneously", "multitasking", True),
    ("Requirements\n- Ability to prioritize tasks effectively", "time-management", True),
    ("자격요건\n- 업무 우선순위를 스스로 정하고 실행하는 분", "time-management", True),
    ("Responsibilities\n- Build prototypes and proofs of concept for new features", "prototyping", True),
    ("주요업무\n- 신규 기능의 프로토타입 제작 및 검증", "prototyping", True),
    ("Requirements\n- Experience with front-end and back-end programming", "frontend-development", True),
    ("주요업무\n- 프론트/백엔드 개발", "frontend-development", True),
    ("Requirements\n- Ability to gather requirements from clients", "requirements-analysis", True),
    ("자격요건\n- 고객 요구사항을 파악하고 정리할 수 있는 분", "requirements-analysis", True),
    ("Responsibilities\n- Present findings and recommendations to leadership", "presentation", True),
    ("주요업무\n- 운영 매뉴얼 작성 및 관리", "documentation", True),
    ("자격요건\n- 개발팀을 리드하실 수 있는 분", "leadership", True),
    ("Requirements\n- Highly organized, with strong organization skills", "planning-and-organizing", True),
    ("Requirements\n- You think creatively about hard problems", "creativity", True),
    ("Requirements\n- Experience building machine learning pipelines", "mlops", True),
    ("자격요건\n- 추론 파이프라인 구축 경험", "mlops", True),
    ("Responsibilities\n- Monitor and analyze model performance in production", "model-monitoring", True),
    ("Responsibilities\n- Explore and visualize data for product teams", "data-visualization", True),
    ("주요업무\n- 분석 결과를 시각화하여 공유", "data-visualization", True),
    ("주요업무\n- Web 서비스 개발 및 운영", "web-development", True),
    # the same words about something else
    ("Responsibilities\n- Work with creative agencies on campaigns", "creativity", False),
    ("Responsibilities\n- We are building a culture that prioritizes people", "time-management", False),
])
def test_phrases_for_skills_described_in_words(text, skill, counted, bundled):
    assert (skill in found(text, *bundled)) is counted, text


@pytest.mark.parametrize("text, counted", [
    # a one-line field or the team's header: the job's own text goes on under it
    ("ML Engineer\nLocation: Seoul\nYou will train deep learning models for search", True),
    ("ML Engineer\nAbout the team\nWe train deep learning models for search", True),
    # a company intro: its concepts describe the employer, not the job
    ("ML Engineer\nAbout Acme\nAcme trains deep learning models for search", False),
    ("ML 엔지니어\n회사소개\n딥러닝 모델로 검색 서비스를 만듭니다", False),
])
def test_concepts_under_field_and_team_headers(text, counted, bundled):
    assert ("deep-learning" in found(text, *bundled)) is counted, text



def test_korean_multiword_alias_with_and_without_space(mini_taxonomy, mini_matcher):
    assert "big-data-processing" in found("자격요건\n대용량데이터처리 경험", mini_taxonomy, mini_matcher)
    assert "machine-learning" in found("자격요건\n머신 러닝 모델 개발", mini_taxonomy, mini_matcher)


@pytest.mark.parametrize("text, counted", [
    ("주요업무\n쿠버네티스 클러스터 운영", True),
    ("주요업무\n팀 운영 및 채용 참여", False),
    ("회사소개\n쿠버네티스 클러스터 운영", False),
])
def test_noisy_words_need_a_technical_context(text, counted, mini_taxonomy, mini_matcher):
    assert ("operations" in found(text, mini_taxonomy, mini_matcher)) is counted


def test_mentions_record_offsets_and_section(mini_taxonomy, mini_matcher):
    text = clean_text("회사소개\n파이썬 회사\n\n자격요건\n- 쿠버네티스 운영 경험\n\n우대사항\n- Spark 경험")
    skills, _ = extract_text(text, mini_taxonomy, mini_matcher)
    by_id = {s.id: s for s in skills}
    for skill in skills:
        for m in skill.mentions:
            assert text[m.start:m.end] == m.text
    assert by_id["kubernetes"].requirement == "required"
    assert by_id["kubernetes"].mentions[0].text == "쿠버네티스"
    assert by_id["apache-spark"].requirement == "preferred"
    assert by_id["python"].requirement == "other"


def test_requirement_is_the_strongest_section(mini_taxonomy, mini_matcher):
    text = clean_text("우대사항\n- Docker 경험\n\n자격요건\n- Docker 기반 배포")
    skills, _ = extract_text(text, mini_taxonomy, mini_matcher)
    docker = next(s for s in skills if s.id == "docker")
    assert docker.requirement == "required"
    assert [m.section for m in docker.mentions] == ["preferred", "required"]


def test_implied_parents_have_no_mentions(mini_taxonomy, mini_matcher):
    skills, _ = extract_text(clean_text("Requirements\nPyTorch"), mini_taxonomy, mini_matcher)
    by_id = {s.id: s for s in skills}
    assert by_id["pytorch"].mentions
    assert by_id["deep-learning"].mentions == () and by_id["machine-learning"].mentions == ()
    assert by_id["deep-learning"].requirement == "required"


def test_company_name_in_the_header_is_not_a_skill(mini_taxonomy, mini_matcher):
    from skillgap.extract import extract_document
    from skillgap.models import RawDocument

    doc = RawDocument("d.txt", "ML Engineer\nDocker Inc — Remote\n\nRequirements\n- Docker and Python", "ML Engineer",
                      "Docker Inc")
    job = extract_document(doc, mini_taxonomy, mini_matcher)
    docker = next(s for s in job.skills if s.id == "docker")
    assert [m.section for m in docker.mentions] == ["required"]


def test_common_word_alias_of_an_ambiguous_skill_needs_its_capital(bundled):
    taxonomy, matcher = bundled
    assert "excel" not in found("Requirements\n- Help others excel with SQL and Python", taxonomy, matcher)
    assert "excel" in found("Requirements\n- Excel, SQL and Python", taxonomy, matcher)


@pytest.mark.parametrize("text, skill, named", [
    ("자격요건\n- DB(MySQL or Maria) 개발 경험", "mariadb", True),
    ("자격요건\n- React, Angular, Node 중 하나의 프레임워크 경험", "nodejs", True),
    ("About us\nMaria founded the company and leads our office.", "mariadb", False),
    ("Requirements\n- Experience with graph algorithms: every node and edge matters", "nodejs", False),
    ("Requirements\n- Node.js 20 and TypeScript", "nodejs", True),
])
def test_a_short_name_counts_beside_tools_of_its_kind(bundled, text, skill, named):
    # "Maria" and "Node" are words too: a capital and a tool named close by say which.
    taxonomy, matcher = bundled
    assert (skill in found(text, taxonomy, matcher)) is named


@pytest.mark.parametrize("text", [
    "Requirements\n- see https://example.com/docker/python.html",
    "자격요건\n- 지원: HTTP://WWW.EXAMPLE.COM/docker",
    "Requirements\n- mail docker@python.io",
])
def test_nothing_inside_urls_or_addresses_is_a_skill(text, mini_taxonomy, mini_matcher):
    assert found(text, mini_taxonomy, mini_matcher) == set()


@pytest.mark.parametrize("text, absent", [
    ("Requirements\n- BS degree in Machine Learning or related field", "machine-learning"),
    ("자격요건\n- 머신러닝 전공자", "machine-learning"),
    # a major listed far from the word "degree", and Korean "… 관련 분야 석사"
    ("Requirements\n- Bachelor's degree in a highly quantitative field (e.g. Physics, Mathematics, Economics, "
     "Astronomy, Machine Learning, or similar)", "machine-learning"),
    ("Requirements\n- Degree in Mechanical, Electrical, Aerospace, Machine Learning, or related disciplines",
     "machine-learning"),
    ("자격요건\n- 머신러닝 또는 이와 유관한 분야의 석사 학위", "machine-learning"),
])
def test_degrees_and_majors_are_not_skills(text, absent, mini_taxonomy, mini_matcher):
    assert absent not in found(text, mini_taxonomy, mini_matcher)


@pytest.mark.parametrize("text", [
    "Requirements\n- Bachelor's degree and 3+ years building machine learning systems",
    "자격요건\n- 학사 이상, 머신러닝 모델 개발 경험 3년 이상",
])
def test_skills_next_to_a_degree_still_count(text, mini_taxonomy, mini_matcher):
    assert "machine-learning" in found(text, mini_taxonomy, mini_matcher)


@pytest.mark.parametrize("text, absent", [
    ("Requirements\n- Python\n\nWe are an equal opportunity employer and value communication with "
     "every applicant regardless of sexual orientation.", "communication"),
    ("Requirements\n- Python\n#LI-Hybrid #BI-Remote", "business-intelligence"),
])
def test_equal_opportunity_statements_and_tracking_tags_name_no_skill(text, absent, bundled):
    assert absent not in found(text, *bundled)


def test_english_name_with_a_korean_noun(bundled):
    taxonomy, matcher = bundled
    assert "web-development" in found("자격요건\n- Web 개발 경험이 있으신 분", taxonomy, matcher)
    assert "web-development" in found("Requirements\n- Web development experience", taxonomy, matcher)


@pytest.mark.parametrize("text, skill, counted", [
    # a phrase reaches a skill whose bare word is too generic to count ("reporting to the CTO")
    ("Responsibilities\n- Generate reports and dashboards for the sales team", "reporting", True),
    ("주요업무\n- 매출 리포트 자동화 및 대시보드 개발", "reporting", True),
    ("About the role\nThis role is reporting to the Head of Data", "reporting", False),
    # the job title names the discipline
    ("Senior Machine Learning Engineer, Payments\nRequirements\n- Go or Java", "machine-learning", True),
    # ... but not by a form the train labels seldom back (learn_build: "software engineer", 1 of 11 postings)
    ("Senior Software Engineer, Payments\nRequirements\n- Go or Java", "software-engineering", False),
    ("백엔드 소프트웨어 엔지니어\n자격요건\n- Java 개발 경험", "software-engineering", True),
    ("웹 개발자 (10년 이상)\n자격요건\n- Java", "web-development", True),
    ("서버개발자 채용\n자격요건\n- Java", "backend-development", True),
    # the label of a stack line names the work, even in a stack section
    ("기술 스택\n• 모니터링: Datadog, Prometheus, Grafana", "monitoring", True),
    ("Our Tech Stack\n- Databases: PostgreSQL, Redis", "databases", True),
    ("복리후생\n• 모니터링 지원금 지급", "monitoring", False),
    ("Benefits\n- Monitoring: we care about your health", "monitoring", False),
])
def test_phrases_titles_and_stack_labels(text, skill, counted, bundled):
    assert (skill in found(text, *bundled)) is counted, text


@pytest.mark.parametrize("text, counted", [
    ("Requirements\n- Solid knowledge of algorithms and complexity", True),
    ("Requirements\n- Strong grasp of data structures and algorithms", True),
    ("자격요건\n- 자료구조, 알고리즘 등에 대한 기본 지식", True),
    ("자격요건\n- 알고리즘 문제 해결 능력", True),
    # qualified by the word before, "algorithms" names that other thing
    ("Responsibilities\n- Develop novel machine learning algorithms", False),
    ("Responsibilities\n- Design scalable algorithms for ranking", False),
    ("주요업무\n- 제조 공정용 비전 알고리즘 개발", False),
    ("주요업무\n- AI 알고리즘 설계 및 서비스 개발", False),
])
def test_a_generic_head_noun_counts_only_standing_alone(text, counted, bundled):
    assert ("algorithms" in found(text, *bundled)) is counted, text


@pytest.mark.parametrize("text, counted", [
    # a generic word with technologies around it, in the untitled text that opens a posting
    ("Data Scientist\n\nYou will apply machine learning and AI to fraud detection with Python.\n\n"
     "Requirements\n- SQL", True),
    ("데이터 사이언티스트\n\n머신러닝과 AI로 이상 거래를 찾는 일을 Python으로 합니다.\n\n자격요건\n- SQL", True),
    # the same words under a company-intro header describe the company
    ("About us\nWe build AI products with Python and machine learning.\n\nRequirements\n- SQL", False),
    ("회사소개\n저희는 AI와 Python, 머신러닝으로 금융을 바꿉니다.\n\n자격요건\n- SQL", False),
])
def test_generic_words_in_the_opening_text_count_with_context(text, counted, bundled):
    assert ("artificial-intelligence" in found(text, *bundled)) is counted, text


@pytest.mark.parametrize("text, skill", [
    ("자격요건\n- 소스 코드의 형상 관리를 위해 Git을 사용합니다", "version-control"),
    ("자격요건\n- 형상관리 도구 사용 경험", "version-control"),
    ("자격요건\n- Kafka 등 오픈 소스 플랫폼 경험", "open-source"),
    ("Requirements\n- Open source contributions", "open-source"),
    # loanwords spelled two ways
    ("자격요건\n- 데이타 파이프라인 구축 경험", "data-pipelines"),
    ("자격요건\n- 레거시 코드 리펙토링 경험", "refactoring"),
])
def test_korean_spacing_either_way(text, skill, bundled):
    assert skill in found(text, *bundled), text


@pytest.mark.parametrize("text, counted", [
    ("자격요건\n- 강화학습 패키지에 익숙하신 분 (Gym, Ray RLlib 등)", True),
    ("Requirements\n- RL experience with Gym and Stable Baselines3, PyTorch", True),
    ("Benefits\n- Gym membership and free lunch", False),
    ("복리후생\n- Gym 이용권 지원", False),
])
def test_gym_needs_reinforcement_learning_context(text, counted, bundled):
    assert ("gym" in found(text, *bundled)) is counted, text


@pytest.mark.parametrize("text, skill", [
    ("Requirements\n- Passion for learning new technologies and tools", "learning-agility"),
    ("자격요건\n- 새로운 기술을 탐색하여 적용할 수 있는 분", "learning-agility"),
    ("Requirements\n- Customer focused, with strong ownership", "customer-focus"),
    ("자격요건\n- 유저 중심적인 태도를 가진 분", "customer-focus"),
    ("Responsibilities\n- Build demand forecasting and forecasts for stores", "time-series-forecasting"),
    ("Requirements\n- Ability to meet project deadlines", "time-management"),
    ("Requirements\n- Understanding of statistical significance", "hypothesis-testing"),
    ("Responsibilities\n- Deploy large-scale machine learning products", "model-deployment"),
    ("Responsibilities\n- Define and implement metrics for the checkout funnel", "kpi-design"),
    ("주요업무\n- 사용자 행동 데이터를 분석해 개선점을 찾습니다", "product-analytics"),
    ("Responsibilities\n- Apply PII masking to event logs", "data-anonymization"),
    ("주요업무\n- 개인정보 비식별 처리 파이프라인 운영", "data-anonymization"),
    ("Responsibilities\n- Support data-driven decisions across the business", "data-driven-decision-making"),
])
def test_described_skills_in_both_languages(text, skill, bundled):
    assert skill in found(text, *bundled), text


@pytest.mark.parametrize("text, present, absent", [
    ("Requirements\n- Tools: VisualStudio Code, Git", "vscode", None),
    ("자격요건\n- 대용량 데이터처리 경험", "big-data-processing", None),
    # an ampersand abbreviation is not the skill it starts with
    ("Responsibilities\n- Work with the VP of FP&A on forecasts", None, "functional-programming"),
    ("Requirements\n- Join our R&D center; Python required", "python", "r"),
    # advice is not a recommender system
    ("Responsibilities\n- Make business recommendations to leadership", None, "recommender-systems"),
    ("Responsibilities\n- Build recommendation models for the home feed", "recommender-systems", None),
])
def test_glued_spellings_abbreviations_and_generic_nouns(text, present, absent, bundled):
    skills = found(text, *bundled)
    assert present is None or present in skills, text
    assert absent is None or absent not in skills, text


@pytest.mark.parametrize("text, counted", [
    ("자격요건\n- 클라우드 환경에서 서비스를 개발하고 배포한 경험", True),
    ("Requirements\n- Experience with cloud deployments is a plus", True),
    # a phrase inside a product name is part of that name
    ("Software Engineer, Google Cloud Platform\n\nRequirements\n- Java", False),
])
def test_cloud_phrases(text, counted, bundled):
    assert ("cloud-computing" in found(text, *bundled)) is counted, text


@pytest.mark.parametrize("text, skill, counted", [
    # a model's accuracy is not system performance
    ("주요업무\n- 딥러닝 기반 자연어처리 알고리즘의 성능을 향상", "performance-tuning", False),
    ("자격요건\n- DB성능 개선이나 쿼리 튜닝 경험", "performance-tuning", True),
    ("자격요건\n- 서비스 성능 진단 및 개선 경험", "performance-tuning", True),
    # reading documents is not writing them
    ("자격요건\n- 영어로 된 기술 문서를 이해할 수 있는 분", "technical-documentation", False),
    ("자격요건\n- 기술 문서를 작성하고 관리한 경험", "technical-documentation", True),
])
def test_performance_and_documentation_need_the_right_object(text, skill, counted, bundled):
    assert (skill in found(text, *bundled)) is counted, text


@pytest.mark.parametrize("company", ["P", "py", "Pyt"])
def test_a_company_name_masks_only_whole_words(mini_taxonomy, mini_matcher, company):
    found, _ = extract_text("0 Python", mini_taxonomy, mini_matcher, company=company)
    assert [h.id for h in found] == ["python"]


@pytest.mark.parametrize("text, skill, other", [
    # Annotators name these apart from the skill they were an alias of; so does the taxonomy now.
    ("Requirements\n- Excellent communication and interpersonal skills", "interpersonal-skills", "communication"),
    ("자격요건\n- 원활한 의사소통과 대인관계 능력을 갖춘 분", "interpersonal-skills", "communication"),
    ("Requirements\n- Ability to work independently with minimal supervision", "independent-work", None),
    ("Requirements\n- A highly motivated self-starter", "self-motivation", None),
    ("자격요건\n- 주도적으로 업무를 이끌어 가는 분", "ownership", None),
    ("Requirements\n- Experience building statistical models in R", "statistical-modeling", None),
    ("자격요건\n- 통계 모델링 및 가설 검정 경험", "statistical-modeling", None),
])
def test_soft_skills_and_concepts_under_the_labels_names(text, skill, other, bundled):
    skills = found(text, *bundled)
    assert skill in skills, text
    assert other is None or other in skills, text


@pytest.mark.parametrize("text, counted", [
    # "analytical" describes the person when graded or joined to other traits, not when it qualifies a thing
    ("Requirements\n- Strong analytical and problem-solving skills", True),
    ("Requirements\n- Highly analytical, with an eye for detail", True),
    ("자격요건\n- 논리적인 사고와 분석적인 사고를 갖춘 분", True),
    ("Responsibilities\n- Deliver analytical solutions to our clients", False),
])
def test_analytical_as_a_trait(text, counted, bundled):
    assert ("analytical-thinking" in found(text, *bundled)) is counted, text


@pytest.mark.parametrize("text", ["Requirements\n- Stay up-to-date with the latest ML research",
                                  "자격요건\n- 새로운 기술을 빠르게 습득하는 분"])
def test_keeping_up_with_a_field_is_learning_agility(text, bundled):
    assert "learning-agility" in found(text, *bundled), text


@pytest.mark.parametrize("text, skill, counted", [
    # a role in the body is the people the hire works with, not a skill asked of them
    ("Senior Backend Engineer\nResponsibilities\n- Partner with product managers and data scientists", "product-management", False),
    ("Senior Backend Engineer\nResponsibilities\n- Partner with product managers and data scientists", "data-science", False),
    ("백엔드 개발자\n주요업무\n- 데이터 사이언티스트와 함께 추천 모델을 서비스합니다", "data-science", False),
    # in the title it names the field; in words it is asked for
    ("Data Scientist\nResponsibilities\n- Build forecasting models", "data-science", True),
    ("데이터 사이언티스트\n주요업무\n- 수요 예측 모델 개발", "data-science", True),
    ("Backend Engineer\nRequirements\n- Experience in data science", "data-science", True),
    ("Backend Engineer\nRequirements\n- Experience in product roadmaps", "product-management", True),
])
def test_a_role_names_a_skill_only_in_the_title(text, skill, counted, bundled):
    assert (skill in found(text, *bundled)) is counted, text


@pytest.mark.parametrize("text, app, platform", [
    ("자격요건\n- Android 플랫폼에 대한 이해\n", True, False),     # an app developer's platform: app development
    ("Requirements\n- Deep knowledge of the Android platform\n", True, False),
    ("자격요건\n- AOSP 빌드 및 포팅 경험\n", False, True),          # the OS itself: Android OS
])
def test_the_android_platform_of_app_postings_is_android_development(text, app, platform, bundled):
    ids = found(text, *bundled)
    assert ("android" in ids) is app and ("android-os" in ids) is platform


@pytest.mark.parametrize("text, wireless, peft", [
    ("자격요건\n- 통신 모듈 사용 경험 (BLE, WIFI, LORA, LTE-CAT M1)\n", True, False),   # LoRa radio, not LoRA
    ("Requirements\n- Bluetooth Low Energy and LoRaWAN devices\n", True, False),
    ("Requirements\n- Fine-tuning LLMs with LoRA or QLoRA\n", False, True),
    ("자격요건\n- LoRA 기반 파인튜닝 경험\n", False, True),
])
def test_lora_radio_and_lora_fine_tuning_are_told_apart(text, wireless, peft, bundled):
    ids = found(text, *bundled)
    assert ("short-range-wireless" in ids) is wireless and ("peft" in ids) is peft
