# The models the Django checks migrate, query and introspect.
from django.db import models
from django.contrib.postgres.fields import ArrayField
class Category(models.Model):
    name = models.CharField(max_length=50, unique=True)
    class Meta:
        ordering = ['name']
class Product(models.Model):
    name = models.CharField(max_length=100, db_index=True)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name='products')
    tags = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    meta = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(default=True)
    uid = models.UUIDField(null=True)
    class Meta:
        indexes = [models.Index(fields=['price', '-created'], name='prod_price_idx')]
        constraints = [models.CheckConstraint(check=models.Q(price__gte=0), name='price_nonneg'), models.UniqueConstraint(fields=['name', 'category'], name='uniq_name_cat')]
