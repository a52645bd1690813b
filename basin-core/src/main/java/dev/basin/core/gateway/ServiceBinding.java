package dev.basin.core.gateway;

import dev.basin.core.model.ServiceModel;

/** A service module together with the model it speaks. */
record ServiceBinding(Service service, ServiceModel model) {}
