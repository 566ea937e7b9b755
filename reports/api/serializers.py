"""JSON shapes of the open-data API. Regions are always given by Kemendagri code and name;
amounts are integers of whole rupiah."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from activities.models import Activity, FundingLine, Meeting
from forums.models import Forum, Post, State


class _AbsoluteUrlMixin:
    def absolute(self, path):
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


# Programme data ------------------------------------------------------------------


class ForumSerializer(_AbsoluteUrlMixin, serializers.ModelSerializer):
    village_code = serializers.CharField(source="village_id")
    village = serializers.CharField(source="village.full_path")
    regency_code = serializers.CharField(source="village.district.regency_id")
    province_code = serializers.CharField(source="village.district.regency.province_id")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Forum
        fields = [
            "slug",
            "name",
            "formation_year",
            "status",
            "founded_on",
            "description",
            "village_code",
            "village",
            "regency_code",
            "province_code",
            "published_at",
            "url",
        ]

    def get_url(self, forum) -> str:
        return self.absolute(reverse("forum_detail", args=[forum.slug]))


class FundingLineSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.code")
    source_name = serializers.CharField(source="source.display_name")
    remainder = serializers.IntegerField()

    class Meta:
        model = FundingLine
        fields = [
            "source",
            "source_name",
            "budget_year",
            "purpose",
            "budget",
            "spending",
            "remainder",
            "member_name",
            "electoral_district",
        ]


class MoneySerializer(serializers.Serializer):
    budget = serializers.IntegerField()
    spending = serializers.IntegerField()
    remainder = serializers.IntegerField()


class ActivitySerializer(_AbsoluteUrlMixin, serializers.ModelSerializer):
    """An activity with the funding lines of the requested slice and their totals."""

    activity_type = serializers.CharField(source="activity_type.code")
    activity_type_name = serializers.CharField(source="activity_type.display_name")
    kind = serializers.CharField(source="activity_type.kind")
    forum = serializers.CharField(source="forum.slug")
    forum_name = serializers.CharField(source="forum.name")
    village_code = serializers.CharField(source="forum.village_id")
    village = serializers.CharField(source="forum.village.full_path")
    regency_code = serializers.CharField(source="forum.village.district.regency_id")
    province_code = serializers.CharField(source="forum.village.district.regency.province_id")
    volume = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True, help_text="Planned volume, in `unit`."
    )
    achieved_volume = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text="Volume built, in `unit`; null when not recorded.",
    )
    beneficiaries_male = serializers.IntegerField(
        allow_null=True, help_text="Men who benefit; null when not counted (never a 0 for that)."
    )
    beneficiaries_female = serializers.IntegerField(
        allow_null=True, help_text="Women who benefit; null when not counted."
    )
    beneficiaries_total = serializers.IntegerField(
        allow_null=True, help_text="Men and women together; null when neither was counted."
    )
    funding_lines = FundingLineSerializer(source="slice_lines", many=True)
    totals = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "description",
            "activity_type",
            "activity_type_name",
            "kind",
            "status",
            "volume",
            "achieved_volume",
            "unit",
            "executor",
            "beneficiaries_male",
            "beneficiaries_female",
            "beneficiaries_total",
            "remarks",
            "location",
            "latitude",
            "longitude",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "forum",
            "forum_name",
            "village_code",
            "village",
            "regency_code",
            "province_code",
            "funding_lines",
            "totals",
            "published_at",
            "url",
        ]

    @extend_schema_field(MoneySerializer)
    def get_totals(self, activity):
        """Budget, spending and remainder of the funding lines listed with it."""
        return {
            "budget": activity.budget_total,
            "spending": activity.spending_total,
            "remainder": activity.remainder,
        }

    def get_url(self, activity) -> str:
        return self.absolute(reverse("activity_detail", args=[activity.pk]))


class SpeakerSerializer(serializers.Serializer):
    name = serializers.CharField()
    institution = serializers.CharField()
    topic = serializers.CharField()


def _group_count(group, represented):
    return serializers.IntegerField(
        source=f"participants_{group}",
        allow_null=True,
        help_text=f"Participants representing {represented}; null when not counted.",
    )


class ParticipantsByGroupSerializer(serializers.Serializer):
    """A meeting's participants by the group of forum members they represent (a person in
    one group at most, so the counts may add up to less than the total)."""

    religious = _group_count("religious", "religious leaders")
    customary = _group_count("customary", "customary leaders")
    youth = _group_count("youth", "the youth")
    women = _group_count("women", "women's groups")
    community = _group_count("community", "community figures")
    other = _group_count("other", "other groups")


class MeetingSerializer(_AbsoluteUrlMixin, serializers.ModelSerializer):
    regency_code = serializers.CharField(source="regency_id")
    regency_name = serializers.CharField(source="regency.name")
    province_code = serializers.CharField(source="regency.province_id")
    forum = serializers.CharField(source="forum.slug", allow_null=True, default=None)
    activity = serializers.SerializerMethodField()
    officials = serializers.ListField(source="officials_list", child=serializers.CharField())
    participants_total = serializers.IntegerField(allow_null=True)  # null: not recorded
    participants_by_group = ParticipantsByGroupSerializer(source="*")
    speakers = SpeakerSerializer(many=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "theme",
            "held_on",
            "venue",
            "regency_code",
            "regency_name",
            "province_code",
            "forum",
            "activity",
            "opened_by",
            "officials",
            "participants_male",
            "participants_female",
            "participants_total",
            "participants_by_group",
            "agreements",
            "speakers",
            "published_at",
            "url",
        ]

    def get_activity(self, meeting) -> int | None:
        """The activity's id when the activity itself is public, else null."""
        activity = meeting.activity
        if activity is None or activity.state != State.PUBLISHED:
            return None
        return activity.pk if activity.forum.state == State.PUBLISHED else None

    def get_url(self, meeting) -> str:
        return self.absolute(reverse("meeting_detail", args=[meeting.pk]))


class PostSerializer(_AbsoluteUrlMixin, serializers.ModelSerializer):
    regency_code = serializers.CharField(source="regency_id", allow_null=True)
    province_code = serializers.SerializerMethodField()
    village_code = serializers.CharField(source="village_id", allow_null=True)
    forum = serializers.SerializerMethodField()
    cover = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "slug",
            "title",
            "summary",
            "category",
            "body",
            "event_date",
            "venue",
            "regency_code",
            "province_code",
            "village_code",
            "forum",
            "cover",
            "cover_caption",
            "view_count",
            "published_at",
            "url",
        ]

    def get_province_code(self, post) -> str | None:
        return post.regency.province_id if post.regency_id else None

    def get_forum(self, post) -> str | None:
        """The forum's slug when the forum is published, else null."""
        forum = post.forum
        return forum.slug if forum is not None and forum.state == State.PUBLISHED else None

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_cover(self, post):
        return self.absolute(post.cover.url) if post.cover else None

    def get_url(self, post) -> str:
        return self.absolute(reverse("post_detail", args=[post.slug]))
