from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "tongket.reviews"
    label = "reviews"
    verbose_name = _("Reviews (sơ kết, tổng kết)")

    def ready(self) -> None:
        # The dossier's documents and the campaign's meetings are read by whoever reaches
        # the campaign: documents and meetings ask core.reach, which asks this.
        from tongket.core.reach import register_campaign_reach
        from tongket.reviews.models import ReviewCampaign
        from tongket.reviews.selectors import campaign_reach_q

        register_campaign_reach(
            lambda user: ReviewCampaign.objects.filter(campaign_reach_q(user)).values("pk")
        )
